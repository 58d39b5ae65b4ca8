export default function ArbiterPage() {
  return <h1 className="text-2xl font-bold">Arbiter console</h1>;
}
