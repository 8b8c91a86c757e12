// Words for the user as a message key (messages/*.json) and its values: pure modules say what to show
// and the component translates it in the page's language (components/i18n/use-ui-text.ts). A value may
// itself be a UiText ("Armed: … {delay} …" with the delay in words).
import type { MessageKey } from '../../i18n/messages.ts';

export type UiValue = string | number | UiText;

export interface UiText {
  key: MessageKey;
  values?: Readonly<Record<string, UiValue>>;
}

export function uiText(key: MessageKey, values?: Readonly<Record<string, UiValue>>): UiText {
  return values === undefined ? { key } : { key, values };
}
