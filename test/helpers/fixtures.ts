// Config nodes and suite setups that several integration tests share.
import { helper, type FlowNode } from './node-red';
import { requireBinary, startMosquitto, type RunningServer } from './servers';

/** A core mqtt-broker config node for a broker on 127.0.0.1. */
export function mqttBrokerNode(port: number, id = 'broker', extra: Partial<FlowNode> = {}): FlowNode {
  return { id, type: 'mqtt-broker', broker: '127.0.0.1', port, clientid: '', protocolVersion: 4, keepalive: 60,
    cleansession: true, autoConnect: true, ...extra };
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
