/**
 * The exports module's routes answer files, not JSON: their routes declare `files` (CSV for the
 * ledger; CSV or XLSX for hours and discounts), so there is no response schema here.
 */
export {};
