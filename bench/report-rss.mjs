// Preloaded (`node --import`) into a process the bench times: prints its peak RSS on exit.
process.on('exit', () => process.stderr.write(`\nbench maxrss ${process.resourceUsage().maxRSS} KiB\n`));
