export function ImportPage(_props: { unitId?: string }) {
  return <h1>ImportPage</h1>;
}
