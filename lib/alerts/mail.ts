// Alert e-mail: which events go to whom, the subject and body (the alert texts the engine wrote), and a small
// outbox that sends through SMTP with nodemailer, retrying with backoff so that a mail server that is down for a
// few minutes loses nothing. Sending is asynchronous I/O: it never holds up the flow.
import nodemailer from 'nodemailer';
import { CivicError } from '../errors';
import type { AlertEvent } from './engine';
import type { AlertState, Lang } from './messages';

/** The event states an e-mail can be sent for. */
export const MAIL_STATES = ['firing', 'nodata', 'escalated', 'resolved', 'acknowledged', 'snoozed'] as const;
export type MailState = typeof MAIL_STATES[number];

/** Transport security of an SMTP server: implicit TLS (465), STARTTLS (587) or none (a relay inside the LAN). */
export const MAIL_SECURITY = ['starttls', 'tls', 'none'] as const;

export interface MailServer {
  host: string; port: number; security: typeof MAIL_SECURITY[number]; from: string;
  user?: string; password?: string;
}

export interface MailSettings {
  to: string[];
  /** also receive escalated alerts */
  escalateTo: string[];
  states: readonly MailState[];
  lang: Lang;
}

export interface Mail { to: string[]; subject: string; text: string }

const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** Splits a recipients field ("a@x.jp, b@y.jp" or one per line); undefined index of the first malformed one. */
export function parseAddresses(text: unknown): { list: string[]; bad?: number } {
  const list = String(text ?? '').split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  const bad = list.findIndex((a) => !ADDRESS.test(a));
  return bad >= 0 ? { list, bad: bad + 1 } : { list };
}

/** The e-mail part of a node's config (mailHost '' = no e-mail). */
export interface MailConfig { mailHost: string; mailFrom: string; mailTo: string; mailEscalateTo: string; mailStates: readonly MailState[] }

/** Checks the e-mail settings of a node's config (undefined when e-mail is off); errors name the field, not the address. */
export function mailSettingsOf(c: MailConfig, lang: Lang): MailSettings | undefined {
  if (!c.mailHost.trim()) return undefined;
  const to = parseAddresses(c.mailTo);
  const esc = parseAddresses(c.mailEscalateTo);
  if (to.bad || esc.bad) throw new CivicError('civic-alert.errors.mailAddress', { field: to.bad ? 'mailTo' : 'mailEscalateTo', n: (to.bad ?? esc.bad)! });
  if (to.list.length + esc.list.length === 0) throw new CivicError('civic-alert.errors.mailNoRecipient', {});
  if (!c.mailFrom.trim() || parseAddresses(c.mailFrom).bad) throw new CivicError('civic-alert.errors.mailAddress', { field: 'mailFrom', n: 1 });
  return { to: to.list, escalateTo: esc.list, states: c.mailStates, lang };
}

const SUBJECT: Record<Lang, (n: number) => string> = {
  ja: (n) => `警報 ${n}件`,
  en: (n) => `${n} alerts`,
};

const FOOTER: Record<Lang, string> = {
  ja: '\n\n--\nこのメールは警報ルール (civic-alert) が送りました。確認はダッシュボードからできます。',
  en: '\n\n--\nSent by an alert rule node (civic-alert). Acknowledge on the dashboard.',
};

/** The e-mails for a batch of events: one per recipient list, subject = the alert text (or a count), body = all texts. */
export function mailsFor(events: AlertEvent[], s: MailSettings): Mail[] {
  const byList = new Map<string, { to: string[]; events: AlertEvent[] }>();
  for (const e of events) {
    const state = e.payload.state as AlertState;
    if (!(s.states as readonly string[]).includes(state)) continue;
    const to = state === 'escalated' ? [...new Set([...s.to, ...s.escalateTo])] : s.to;
    if (to.length === 0) continue;
    const key = to.join(',');
    const entry = byList.get(key) ?? { to, events: [] };
    entry.events.push(e);
    byList.set(key, entry);
  }
  return [...byList.values()].map(({ to, events: list }) => {
    const lines = list.flatMap((e) => (e.payload.alerts ?? [e.payload]).map((p) => p.message));
    const first = lines[0].split('\n')[0];
    return { to, subject: lines.length === 1 ? first : `${SUBJECT[s.lang](lines.length)}: ${first}`, text: lines.join('\n') + FOOTER[s.lang] };
  });
}

export interface OutboxOptions {
  /** waits before each retry, ms (default 5 s, 30 s, 2 min: then the mail is given up) */
  retryDelays?: number[];
  /** a send failed (attempt 1…); `final` when the mail is given up. `code` is nodemailer's error code, never text. */
  onError(code: string, attempt: number, final: boolean): void;
  onSent?(mail: Mail): void;
  /** ms to wait for the server (connection, greeting, each command) */
  timeoutMs?: number;
}

/** Sends e-mails through one SMTP server, in order, retrying failures; `close` stops the retries. */
export class Outbox {
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;
  private readonly delays: number[];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly server: MailServer, private readonly options: OutboxOptions) {
    const timeout = options.timeoutMs ?? 30000;
    this.transport = nodemailer.createTransport({
      host: server.host, port: server.port, secure: server.security === 'tls',
      requireTLS: server.security === 'starttls', ignoreTLS: server.security === 'none',
      auth: server.user ? { user: server.user, pass: server.password ?? '' } : undefined,
      connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout,
    });
    this.delays = options.retryDelays ?? [5000, 30000, 120000];
  }

  /** Queues one e-mail. */
  send(mail: Mail, attempt = 1): void {
    if (this.closed) return;
    this.transport.sendMail({ from: this.server.from, to: mail.to, subject: mail.subject, text: mail.text }).then(
      () => this.options.onSent?.(mail),
      (err: unknown) => {
        if (this.closed) return;
        const code = String((err as { code?: unknown })?.code ?? 'EMAIL');
        const final = attempt > this.delays.length;
        this.options.onError(code, attempt, final);
        if (final) return;
        const timer = setTimeout(() => { this.timers.delete(timer); this.send(mail, attempt + 1); }, this.delays[attempt - 1]);
        this.timers.add(timer);
      },
    );
  }

  /** Stops retrying and closes the connection. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.transport.close();
  }
}
