// A dashboard panel: a titled section with an optional toolbar on the right of its header.
import type { ReactNode } from 'react';
import styles from './panel.module.css';

export function Panel({ title, tools, className, testId, children }: { title: ReactNode; tools?: ReactNode; className?: string; testId?: string; children: ReactNode }) {
  return (
    <section className={`${styles.panel} ${className ?? ''}`} data-testid={testId}>
      <header className={styles.header}>
        <h2 className={styles.title}>{title}</h2>
        {tools && <div className={styles.tools}>{tools}</div>}
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}
