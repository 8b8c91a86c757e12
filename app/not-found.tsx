// The 404 page, in the request's language: an unknown instrument or a mistyped address.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import styles from './not-found.module.css';

export default async function NotFound() {
  const t = await getTranslations('notFound');
  return (
    <main className={styles.main} data-testid="not-found">
      <p className={styles.code}>404</p>
      <h1>{t('title')}</h1>
      <p className={styles.detail}>{t('detail')}</p>
      <nav className={styles.links}>
        <Link href="/">{t('toTrader')}</Link>
        <Link href="/lab">{t('toLab')}</Link>
      </nav>
    </main>
  );
}
