// Applies the saved theme before the first paint (an inline script, so there is no dark-to-light flash).
export const THEME_STORAGE_KEY = 'tw-theme';

const SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

/** `nonce`: the request's Content-Security-Policy nonce, without which the browser would not run it. */
export function ThemeScript({ nonce }: { nonce: string | undefined }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
