/** Response schemas of the audit module's routes (building blocks in ./common.ts). */
export {};
