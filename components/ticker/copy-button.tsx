'use client';
// Copies a snippet to the clipboard; the snippet stays selectable text for browsers without clipboard access.
import { useTranslations } from 'next-intl';
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations('embed');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" onClick={copy} aria-label={t('copyLabel', { label })}>
      {state === 'copied' ? t('copied') : state === 'failed' ? t('copyFailed') : t('copy')}
    </button>
  );
}
