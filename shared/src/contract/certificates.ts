/** Response schemas of the certificates module's routes (building blocks in ./common.ts). */
export {};
