export function ReportPage(_props: { unitId?: string }) {
  return <h1>ReportPage</h1>;
}
