-- Rate-limit counters are not worth a WAL record: losing them in a crash only resets the windows (a
-- minute at most), and every limited request (sign-in, check-in, till checks) upserts one. An
-- unlogged table writes no WAL, so a request whose only write is its counter commits without a WAL
-- flush. Backups still hold it (pg_dump dumps unlogged tables' data).
ALTER TABLE "rate_limits" SET UNLOGGED;
