/** Original ports of the four services (COMPAT_PORTS=1). */
export const compatPorts = { alba: 5555, albi: 6666, jona: 7777, orchestrator: 9999 } as const;
