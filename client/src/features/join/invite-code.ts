/** The invite code in what a person pasted: a whole invite link or just the code. */
export function inviteCodeFrom(pasted: string): string {
  const text = pasted.trim();
  try {
    const code = new URL(text).searchParams.get('code');
    if (code) return code;
  } catch {
    // Not a link: the text itself is the code.
  }
  const match = /[?&]code=([^&\s]+)/.exec(text);
  return match?.[1] ? decodeURIComponent(match[1]) : text;
}
