export function OnboardingPage(_props: { unitId?: string }) {
  return <h1>OnboardingPage</h1>;
}
