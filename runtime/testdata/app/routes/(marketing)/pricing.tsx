export default function Pricing() {
  return <p class="pricing">pricing</p>;
}
