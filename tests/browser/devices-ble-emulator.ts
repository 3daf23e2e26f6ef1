// A BLE peripheral emulated with Chromium's CDP BluetoothEmulation + DeviceAccess domains (recipe in
// shared/notes/devices.md §4.2, verified on Chromium 156). CDP cannot push a notification, so the page
// calls readValue() on the app's own characteristic object and we answer the read with the next queued
// packet: the app's 'characteristicvaluechanged' listener then receives exactly those bytes.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface EmulatedService {
  uuid: string;
  characteristics: { uuid: string; properties: Record<string, boolean> }[];
}

const CCCD = '00002902-0000-1000-8000-00805f9b34fb';

export class BleEmulator {
  private readonly idsByUuid = new Map<string, string>();
  private readonly queues = new Map<string, Uint8Array[]>();
  /** Every write the app made: characteristic uuid + bytes, in order. */
  readonly writes: { uuid: string; bytes: Uint8Array }[] = [];
  private readonly answered = new Set<string>();
  private services: EmulatedService[] = [];

  private constructor(
    private readonly browserSession: CDPSession,
    private readonly pageSession: CDPSession,
    readonly address: string,
  ) {}

  /** Enables emulation (browser-level session) and the device chooser hook (page session). */
  static async start(context: BrowserContext, page: Page, address: string): Promise<BleEmulator> {
    const browserSession = await context.browser()!.newBrowserCDPSession();
    const pageSession = await context.newCDPSession(page);
    const emulator = new BleEmulator(browserSession, pageSession, address);
    await browserSession.send('BluetoothEmulation.enable' as never, { state: 'powered-on', leSupported: true } as never);
    browserSession.on('BluetoothEmulation.gattOperationReceived' as never, (e: { address: string; type: string }) => {
      void browserSession
        .send('BluetoothEmulation.simulateGATTOperationResponse' as never, { address: e.address, type: e.type, code: 0 } as never)
        .catch(() => {});
    });
    browserSession.on(
      'BluetoothEmulation.characteristicOperationReceived' as never,
      (e: { characteristicId: string; type: string; data?: string; writeType?: string }) => emulator.onCharacteristicOperation(e),
    );
    browserSession.on('BluetoothEmulation.descriptorOperationReceived' as never, (e: { descriptorId: string; type: string }) => {
      void browserSession
        .send(
          'BluetoothEmulation.simulateDescriptorOperationResponse' as never,
          { descriptorId: e.descriptorId, type: e.type, code: 0, ...(e.type === 'read' ? { data: 'AAA=' } : {}) } as never,
        )
        .catch(() => {});
    });
    await pageSession.send('DeviceAccess.enable' as never);
    pageSession.on('DeviceAccess.deviceRequestPrompted' as never, (e: { id: string; devices: { id: string }[] }) => {
      if (emulator.answered.has(e.id)) return; // the event fires twice per prompt; answering twice crashes Chromium
      emulator.answered.add(e.id);
      void pageSession.send('DeviceAccess.selectPrompt' as never, { id: e.id, deviceId: e.devices[0]!.id } as never).catch(() => {});
    });
    return emulator;
  }

  /** Turns emulation off (it can be enabled only once per browser at a time) and detaches the sessions. */
  async stop(): Promise<void> {
    await this.browserSession.send('BluetoothEmulation.disable' as never).catch(() => {});
    await this.browserSession.detach().catch(() => {});
    await this.pageSession.detach().catch(() => {});
  }

  /** Adds a preconnected peripheral with its GATT table. */
  async addPeripheral(name: string, services: EmulatedService[]): Promise<void> {
    this.services = services;
    await this.browserSession.send(
      'BluetoothEmulation.simulatePreconnectedPeripheral' as never,
      { address: this.address, name, manufacturerData: [], knownServiceUuids: services.map((s) => s.uuid) } as never,
    );
    await this.addServices();
  }

  /** (Re-)creates the GATT table; a simulated disconnection wipes it. */
  async addServices(): Promise<void> {
    for (const service of this.services) {
      const { serviceId } = (await this.browserSession.send(
        'BluetoothEmulation.addService' as never,
        { address: this.address, serviceUuid: service.uuid } as never,
      )) as { serviceId: string };
      for (const c of service.characteristics) {
        const { characteristicId } = (await this.browserSession.send(
          'BluetoothEmulation.addCharacteristic' as never,
          { serviceId, characteristicUuid: c.uuid, properties: c.properties } as never,
        )) as { characteristicId: string };
        this.idsByUuid.set(c.uuid, characteristicId);
        if (c.properties.notify)
          await this.browserSession.send('BluetoothEmulation.addDescriptor' as never, { characteristicId, descriptorUuid: CCCD } as never);
      }
    }
  }

  /** Queues bytes that the next readValue() of `uuid` returns (= one notification). */
  queue(uuid: string, bytes: Uint8Array): void {
    const id = this.idsByUuid.get(uuid);
    if (!id) throw new Error(`no emulated characteristic ${uuid}`);
    const list = this.queues.get(uuid) ?? [];
    list.push(bytes);
    this.queues.set(uuid, list);
  }

  /** The headset drops the link (fires gattserverdisconnected), then its GATT table is rebuilt for a reconnect. */
  async dropLink(): Promise<void> {
    await this.browserSession.send('BluetoothEmulation.simulateGATTDisconnection' as never, { address: this.address } as never);
    this.idsByUuid.clear();
    await this.addServices();
  }

  /** The ASCII text of every write to `uuid` (commands). */
  writtenText(uuid: string): string[] {
    return this.writes.filter((w) => w.uuid === uuid).map((w) => String.fromCharCode(...w.bytes));
  }

  private onCharacteristicOperation(e: { characteristicId: string; type: string; data?: string; writeType?: string }): void {
    const uuid = [...this.idsByUuid.entries()].find(([, id]) => id === e.characteristicId)?.[0] ?? '?';
    const respond = (extra: Record<string, unknown> = {}) =>
      void this.browserSession
        .send(
          'BluetoothEmulation.simulateCharacteristicOperationResponse' as never,
          { characteristicId: e.characteristicId, type: e.type, code: 0, ...extra } as never,
        )
        .catch(() => {});
    if (e.type === 'write') {
      this.writes.push({ uuid, bytes: Uint8Array.from(Buffer.from(e.data ?? '', 'base64')) });
      if (e.writeType !== 'write-without-response') respond();
    } else if (e.type === 'read') {
      const next = this.queues.get(uuid)?.shift() ?? new Uint8Array(0);
      respond({ data: Buffer.from(next).toString('base64') });
    } else {
      respond(); // subscribe / unsubscribe
    }
  }
}
