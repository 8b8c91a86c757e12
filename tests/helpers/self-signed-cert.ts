// A throwaway TLS certificate for localhost and 127.0.0.1, made with the openssl command line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A PEM certificate and key on disk, and the certificate's text (to trust it as a CA). */
export interface SelfSignedCertificate {
  certificatePath: string;
  keyPath: string;
  certificate: string;
}

/** Writes cert.pem and key.pem into dir, valid for one day. */
export function createSelfSignedCertificate(dir: string): SelfSignedCertificate {
  const certificatePath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1', '-keyout', keyPath, '-out', certificatePath],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { certificatePath, keyPath, certificate: readFileSync(certificatePath, 'utf8') };
}
