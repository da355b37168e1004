/** Response schemas of the auth module's routes (building blocks in ./common.ts). */
export {};
