// The original services, each a router with bare paths. The main app mounts them under
// /alba, /albi, /jona and /orchestrator; COMPAT_PORTS serves each on its original port.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.ts';

export const serviceApps: Record<string, () => OpenAPIHono<AppEnv>> = {};

/** Original ports of the services. */
export const compatPorts = { alba: 5555, albi: 6666, jona: 7777, orchestrator: 9999 } as const;
