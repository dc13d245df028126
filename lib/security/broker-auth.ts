// Authentication and topic ACLs for the embedded aedes broker (scripts/start.js), from the accounts file
// (./mqtt-accounts). The handlers have aedes' signatures but no aedes import. Failed logins go through the same
// LoginGuard as the web logins (lockout per address and per user, hashing off the event loop).
import crypto from 'crypto';
import { LoginGuard, type LoginEvent, type LoginPolicy } from './login-guard';
import { hashMqttPassword } from './passwords';
import { mayPublish, maySubscribe, uplinkIdentity, type MqttAccount } from './mqtt-accounts';

/** The parts of an aedes client the handlers use. */
export interface BrokerClient { id?: string; conn?: { remoteAddress?: string } }
/** A PUBLISH packet as aedes hands it over. */
export interface PublishPacket { topic: string; payload: Buffer | string }
/** An aedes error with the CONNACK return code to answer (4: bad user name or password, 5: not authorized). */
export type ConnackError = Error & { returnCode?: number };

/** Why a publish or subscribe was refused (for the broker log; never the payload). */
export interface Refusal { username: string; action: 'publish' | 'subscribe'; topic: string; reason: 'acl' | 'identity' }

/** The aedes handlers for a set of accounts; `accounts()` is read on every connect, so edits apply to new connections. */
export function brokerAuth(accounts: () => MqttAccount[], options: { policy?: Partial<LoginPolicy>;
  onLogin?: (e: LoginEvent) => void; onRefused?: (r: Refusal) => void } = {}) {
  const byClient = new WeakMap<object, MqttAccount>();
  const find = (username: string) => accounts().find((a) => a.username === username);
  const guard = new LoginGuard((u) => {
    const a = find(u);
    return a ? { username: a.username, role: a.role, hash: a.password } : undefined;
  }, options.policy, options.onLogin, () => hashMqttPassword(crypto.randomBytes(16).toString('hex')));
  const refuse = (r: Refusal) => options.onRefused?.(r);

  const authenticate = (client: BrokerClient, username: string | undefined, password: Buffer | undefined,
    done: (err: ConnackError | null, ok?: boolean) => void) => {
    if (!username || !password) {
      const err: ConnackError = new Error('anonymous clients are not allowed');
      err.returnCode = 5;
      done(err, false);
      return;
    }
    guard.login(username, password.toString('utf8'), client.conn?.remoteAddress).then((res) => {
      if (!res.ok) {
        const err: ConnackError = new Error(res.reason === 'invalid' ? 'bad user name or password' : 'too many failed logins');
        err.returnCode = res.reason === 'invalid' ? 4 : 5;
        done(err, false);
        return;
      }
      byClient.set(client, find(username)!);
      done(null, true);
    }, (err: Error) => done(Object.assign(err, { returnCode: 5 }), false));
  };

  const authorizePublish = (client: BrokerClient | null, packet: PublishPacket, done: (err: Error | null) => void) => {
    const account = client ? byClient.get(client) : undefined;
    if (!account || !mayPublish(account, packet.topic)) {
      refuse({ username: account?.username ?? '(none)', action: 'publish', topic: packet.topic, reason: 'acl' });
      done(new Error('publish not authorized'));
      return;
    }
    // a device may not speak for another one inside its own topic (the decoders read the device id from the payload)
    const id = account.role === 'device' || account.role === 'gateway'
      ? uplinkIdentity(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(String(packet.payload))) : undefined;
    if (id && id.payloadIds.some((p) => p.toLowerCase() !== id.topicId.toLowerCase())) {
      refuse({ username: account.username, action: 'publish', topic: packet.topic, reason: 'identity' });
      done(new Error('payload names another device'));
      return;
    }
    done(null);
  };

  const authorizeSubscribe = (client: BrokerClient, sub: { topic: string; qos: number },
    done: (err: Error | null, sub?: { topic: string; qos: number } | null) => void) => {
    const account = byClient.get(client);
    if (!account || !maySubscribe(account, sub.topic)) {
      refuse({ username: account?.username ?? '(none)', action: 'subscribe', topic: sub.topic, reason: 'acl' });
      done(null, null);                               // SUBACK 0x80 for this filter; the connection stays
      return;
    }
    done(null, sub);
  };

  return { authenticate, authorizePublish, authorizeSubscribe, guard };
}
