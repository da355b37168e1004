/** Response schemas of the till module's routes (building blocks in ./common.ts). */
export {};
