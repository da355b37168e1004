/** Response schemas of the ledger module's routes (building blocks in ./common.ts). */
export {};
