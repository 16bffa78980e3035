import Glibc

// Everything runs in BenchMain; the bench is one synchronous epoll loop on this thread.
exit(BenchMain.run(arguments: Array(CommandLine.arguments.dropFirst())))
