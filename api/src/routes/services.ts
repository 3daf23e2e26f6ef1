// The original services, each a router with bare paths. The main app mounts them under
// /alba, /albi, /jona and /orchestrator; COMPAT_PORTS serves each on its original port.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.ts';
import { albaApp } from './alba/index.ts';
import { albiApp } from './albi/index.ts';
import { jonaApp } from './jona/index.ts';
import { orchestratorApp } from './orchestrator/index.ts';

import { compatPorts } from './ports.ts';

export { compatPorts };

export const serviceApps: Record<keyof typeof compatPorts, () => OpenAPIHono<AppEnv>> = {
  alba: albaApp,
  albi: albiApp,
  jona: jonaApp,
  orchestrator: orchestratorApp,
};
