export function OrganisationPage(_props: { unitId?: string }) {
  return <h1>OrganisationPage</h1>;
}
