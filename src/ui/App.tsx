export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>kubetab</h1>
      <p>Kubernetes, simulated whole and faithfully inside one browser tab.</p>
    </main>
  );
}
