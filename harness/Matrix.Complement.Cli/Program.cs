using Matrix.Complement.Cli;

return args.FirstOrDefault() switch
{
    "bench" => await BenchCommand.RunAsync(args[1..]),
    "report" => await ReportCommand.RunAsync(args[1..]),
    "manifest" => await ManifestCommand.RunAsync(args[1..]),
    "bisect" => BisectCommand.Run(args[1..], Console.Out),
    "compose-auth-files" => ComposeAuthFilesCommand.Run(Console.Out),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Matrix.Complement.Cli bench [--out FILE] [--only NAME[,NAME...]] [--samples N]");
    Console.Error.WriteLine("       Matrix.Complement.Cli manifest start|finish [--run-dir DIR] [--servers hs1,hs2]");
    Console.Error.WriteLine("       Matrix.Complement.Cli report [--run-dir DIR] [--coverage] [--fail-on-unexpected] ...");
    Console.Error.WriteLine("       Matrix.Complement.Cli " + BisectCommand.Usage["usage: ".Length..]);
    Console.Error.WriteLine("       Matrix.Complement.Cli compose-auth-files   (rewrites the compose auth profile's files from their generators)");
    Console.Error.WriteLine("       (normally run through ./complement, which does the set-up first)");
    return 2;
}
