// The widget's iframe is named in the widget's language, in the copy-paste snippet and in the one-line
// loader (public/embed.js) alike.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { iframeSnippet, type SnippetOptions } from '../../../components/ticker/embed-snippets.ts';

const OPTIONS: SnippetOptions = { symbols: ['BTC-USD'], theme: 'dark', layout: 'scroll', lang: 'en' };

/** Runs public/embed.js as a page would, with `data-*` attributes, and returns the iframe it inserts. */
function loaderFrame(attributes: Record<string, string>): { title: string; src: string } {
  const frame = { title: '', src: '', width: '', height: '', style: {}, loading: '' };
  const script = {
    src: 'https://tickwire.example/embed.js',
    getAttribute: (name: string) => attributes[name] ?? null,
    parentNode: { insertBefore: () => undefined },
  };
  const document = { currentScript: script, createElement: () => frame };
  runInNewContext(readFileSync('public/embed.js', 'utf8'), { document, URL, URLSearchParams });
  return frame;
}

describe('the ticker iframe title', () => {
  it('is English by default and Korean with lang ko, in the snippet', () => {
    assert.match(iframeSnippet('https://t.example', OPTIONS), / title="Tickwire ticker" /);
    assert.match(iframeSnippet('https://t.example', { ...OPTIONS, lang: 'ko' }), / title="Tickwire 시세 티커" /);
  });

  it('is the same in the frame the one-line loader inserts', () => {
    assert.equal(loaderFrame({ 'data-symbols': 'BTC-USD' }).title, 'Tickwire ticker');
    const korean = loaderFrame({ 'data-symbols': 'BTC-USD', 'data-lang': 'ko' });
    assert.equal(korean.title, 'Tickwire 시세 티커');
    assert.equal(korean.src, 'https://tickwire.example/embed/ticker?symbols=BTC-USD&lang=ko');
  });
});
