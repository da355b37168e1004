/** Response schemas of the dashboard module's routes (building blocks in ./common.ts). */
export {};
