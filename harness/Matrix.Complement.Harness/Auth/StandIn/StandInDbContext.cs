using Microsoft.EntityFrameworkCore;

namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>The stand-in's OpenIddict store: EF Core's in-memory provider, one database per stand-in, gone on dispose.</summary>
internal sealed class StandInDbContext(DbContextOptions<StandInDbContext> options) : DbContext(options);
