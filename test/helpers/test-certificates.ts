/**
 * TLS certificates made by `openssl` at test time, in a folder the test removes: a self-signed one (a
 * gateway's own), and one issued by a made-up authority (what a company proxy that inspects HTTPS
 * presents in Trackops' place), each for the names given.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
}

export interface TestCertificates {
  dir: string;
  /** Self-signed, issued to `subject`. */
  selfSigned(subject: string): TestCertificate;
  /** An authority named `authority` (its certificate at `authorityFile`, for NODE_EXTRA_CA_CERTS) and a certificate it issued for `names`. */
  issuedBy(authority: string, names: string[]): TestCertificate & { authorityFile: string };
  remove(): void;
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(
      `openssl ${args[0]} failed (is openssl installed?): ${String((error as { stderr?: unknown }).stderr ?? error)}`,
      { cause: error },
    );
  }
}

/** A self-signed certificate for `/CN=subject` (a gateway's own, or an authority's), valid two days. */
function selfSignedFiles(subject: string, keyFile: string, certFile: string): void {
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${subject}`,
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
}

/** `DNS:` for a host name, `IP:` for an address, as subjectAltName wants them. */
function altNames(names: string[]): string {
  return names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
}

export function testCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'trackops-tls-'));
  let made = 0;
  const read = (key: string, cert: string) => ({ key: readFileSync(key), cert: readFileSync(cert) });
  return {
    dir,
    selfSigned(subject) {
      made += 1;
      const key = join(dir, `self-${made}.key`);
      const cert = join(dir, `self-${made}.pem`);
      selfSignedFiles(subject, key, cert);
      return read(key, cert);
    },
    issuedBy(authority, names) {
      made += 1;
      const caKey = join(dir, `ca-${made}.key`);
      const caCert = join(dir, `ca-${made}.pem`);
      selfSignedFiles(authority, caKey, caCert);
      const key = join(dir, `leaf-${made}.key`);
      const request = join(dir, `leaf-${made}.csr`);
      const cert = join(dir, `leaf-${made}.pem`);
      const extensions = join(dir, `leaf-${made}.ext`);
      openssl([
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        `/CN=${names[0]}`,
        '-keyout',
        key,
        '-out',
        request,
      ]);
      writeFileSync(extensions, `subjectAltName=${altNames(names)}\n`);
      openssl([
        'x509',
        '-req',
        '-in',
        request,
        '-CA',
        caCert,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        extensions,
        '-out',
        cert,
      ]);
      return { ...read(key, cert), authorityFile: caCert };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
