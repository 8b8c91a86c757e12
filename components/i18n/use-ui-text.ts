'use client';
// Translates the UiText a pure module returns (lib/client/ui-text.ts), nested values first.
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { UiText } from '@/lib/client/ui-text.ts';
import { renderUiText, type Translate } from '@/i18n/render-ui-text.ts';

export function useUiText(): (text: UiText) => string {
  const t = useTranslations();
  return useCallback((text: UiText) => renderUiText(t as Translate, text), [t]);
}
