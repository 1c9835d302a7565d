using Matrix.Complement.Cli;

return args.FirstOrDefault() switch
{
    "bench" => await BenchCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Matrix.Complement.Cli bench [--out FILE] [--only NAME[,NAME...]] [--samples N]");
    Console.Error.WriteLine("       (normally run through ./complement bench, which does the set-up first)");
    return 2;
}
