// Listen: brainwave audio (JONA).
export default function ListenScreen() {
  return (
    <section aria-labelledby="listen-title">
      <h2 id="listen-title">Listen</h2>
      <p class="muted">Brainwave audio arrives with the JONA engine.</p>
    </section>
  );
}
