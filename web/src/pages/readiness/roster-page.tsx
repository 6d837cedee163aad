export function RosterPage(_props: { unitId?: string }) {
  return <h1>RosterPage</h1>;
}
