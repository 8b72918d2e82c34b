/** The hidden CSRF field every form that changes state must carry. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
