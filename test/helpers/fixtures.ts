// Config nodes and suite setups that several integration tests share.
import { helper, nodeById, type FlowNode } from './node-red';
import { waitFor } from './wait';
import { requireBinary, startMosquitto, type RunningServer } from './servers';

/** A core mqtt-broker config node for a broker on 127.0.0.1. */
export function mqttBrokerNode(port: number, id = 'broker', extra: Partial<FlowNode> = {}): FlowNode {
  return { id, type: 'mqtt-broker', broker: '127.0.0.1', port, clientid: '', protocolVersion: 4, keepalive: 60,
    cleansession: true, autoConnect: true, ...extra };
}

/**
 * Resolves once the mqtt-broker config node `brokerId` holds the broker's SUBACK for `topic`: a fixed pause after
 * connecting can end before it on a busy machine, and what is published before it is lost. Reads mqtt.js's own
 * bookkeeping (a subscribe's topics stay under its message id until the SUBACK). After a reconnect the renewed
 * subscription can be sent a little later (mqtt.js keeps the topic meanwhile): there, call it after a short pause.
 */
export async function subscribed(brokerId: string, topic: string, ms = 15000): Promise<void> {
  await waitFor(() => {
    const broker = nodeById(brokerId);
    const client = broker?.client as { _resubscribeTopics?: Record<string, unknown>; messageIdToTopic?: Record<string, string[]> } | undefined;
    if (!broker?.connected || !client?._resubscribeTopics?.[topic]) return undefined;
    return Object.values(client.messageIdToTopic ?? {}).some((ts) => ts.includes(topic)) ? undefined : true;
  }, `the broker's acknowledgement of the subscription to ${topic}`, ms);
}

/** A node-red-contrib-modbus TCP client config node for a server on 127.0.0.1. */
export function modbusClientNode(port: number, id = 'client', extra: Partial<FlowNode> = {}): FlowNode {
  return { id, type: 'modbus-client', name: '', clienttype: 'tcp', bufferCommands: true, stateLogEnabled: false,
    queueLogEnabled: false, failureLogEnabled: false, tcpHost: '127.0.0.1', tcpPort: String(port), tcpType: 'DEFAULT',
    serialPort: '/dev/null', serialType: 'RTU-BUFFERD', serialBaudrate: '9600', serialDatabits: '8', serialStopbits: '1',
    serialParity: 'none', serialConnectionDelay: '100', serialAsciiResponseStartDelimiter: '0x3A', unit_id: '1',
    commandDelay: '1', clientTimeout: '1000', reconnectOnTimeout: true, reconnectTimeout: '2000', parallelUnitIdsAllowed: true,
    showErrors: false, showWarnings: false, showLogs: false, ...extra };
}

/** A modbus-serial ServerTCP on 127.0.0.1 answering holding/input registers from `registers()`. */
export function modbusServer(port: number, registers: () => number[]): { close(): Promise<void> } {
   
  const { ServerTCP } = require('@openp4nr/modbus-serial');
  const server = new ServerTCP({
    getHoldingRegister: (addr: number) => registers()[addr] ?? 0,
    getInputRegister: (addr: number) => registers()[addr] ?? 0,
    getCoil: () => false, getDiscreteInput: () => false, setRegister: () => undefined, setCoil: () => undefined,
  }, { host: '127.0.0.1', port, unitID: 1, debug: false });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * For a describe block: a real mosquitto and the test helper's runtime, started before and stopped after, flows
 * unloaded after each test (pending without mosquitto, failing in CI). Returns the running broker.
 */
export function useMosquittoAndRuntime(): { broker(): RunningServer } {
  let broker: RunningServer | undefined;
  before(async function () {
    requireBinary(this, 'mosquitto', 'mosquitto');
    broker = await startMosquitto();
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });
  after(async () => {
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    if (broker) await broker.stop();
  });
  afterEach(() => helper.unload());
  return { broker: () => broker as RunningServer };
}
