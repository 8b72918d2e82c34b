export default function NewItem() {
  return <p class="new-item">new item form</p>;
}
