/** The studio shell. Screens are added under features/. */
export function App() {
  return (
    <main>
      <h1>Clisonix</h1>
      <p>Browser EEG and brainwave-audio studio.</p>
    </main>
  );
}
