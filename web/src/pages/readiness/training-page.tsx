export function TrainingPage(_props: { unitId?: string }) {
  return <h1>TrainingPage</h1>;
}
