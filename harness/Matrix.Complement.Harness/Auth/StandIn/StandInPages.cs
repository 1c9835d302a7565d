using System.Text;
using System.Text.Encodings.Web;

namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>The stand-in's minimal HTML: a login form, the device-link form and an account page, all labelled STAND-IN.</summary>
internal static class StandInPages
{
    public const string Banner = "Matrix.Complement auth server STAND-IN — a test double, not the Matrix Authentication Service";

    /// <summary>The field names of the login forms.</summary>
    public const string UsernameField = "standin_username", PasswordField = "standin_password", UserCodeField = "user_code";

    /// <summary>The login page for an authorization request; <paramref name="hidden"/> carries the request's parameters.</summary>
    public static string Login(string action, IEnumerable<KeyValuePair<string, string>> hidden, string? error) =>
        Page("Sign in (STAND-IN)", error, Form(action, hidden, includeUserCode: false));

    /// <summary>The device-link page of the device authorization grant.</summary>
    public static string DeviceLink(string action, string? userCode, string? error) =>
        Page("Link a device (STAND-IN)", error, Form(action, [], includeUserCode: true, userCode));

    /// <summary>Shown once a device code is approved.</summary>
    public static string DeviceLinked() => Page("Device linked (STAND-IN)", null, "<p>You can return to your device.</p>");

    /// <summary>The account action that approves replacing the cross-signing identity (MSC4312).</summary>
    public const string CrossSigningResetAction = "org.matrix.cross_signing_reset";

    /// <summary>
    /// The account management page (<c>account_management_uri</c>): it echoes the requested action and, for a
    /// cross-signing reset, asks for the user's stand-in credentials to approve it.
    /// </summary>
    public static string Account(string? action, string? error)
    {
        var echo = $"<p>Requested action: <code id=\"action\">{Html(action ?? "(none)")}</code>.</p>\n";
        if (action != CrossSigningResetAction)
            return Page("Account (STAND-IN)", error, echo + "<p>The stand-in has no other account management.</p>");
        return Page("Reset your identity (STAND-IN)", error, echo +
            "<p>Sign in to allow this account to replace its cross-signing keys for 10 minutes.</p>\n" +
            Form("/account/", [new("action", action)], includeUserCode: false));
    }

    /// <summary>Shown once a cross-signing reset is approved.</summary>
    public static string CrossSigningResetAllowed() => Page("Identity reset allowed (STAND-IN)", null,
        "<p id=\"done\">You can now reset your identity on your device.</p>");

    private static string Form(string action, IEnumerable<KeyValuePair<string, string>> hidden, bool includeUserCode, string? userCode = null)
    {
        var form = new StringBuilder($"<form method=\"post\" action=\"{Html(action)}\">\n");
        foreach (var (name, value) in hidden)
            form.Append($"<input type=\"hidden\" name=\"{Html(name)}\" value=\"{Html(value)}\">\n");
        if (includeUserCode)
            form.Append($"<label>Code <input name=\"{UserCodeField}\" value=\"{Html(userCode ?? "")}\"></label>\n");
        form.Append($"<label>Username <input name=\"{UsernameField}\" autocomplete=\"username\"></label>\n")
            .Append($"<label>Password <input name=\"{PasswordField}\" type=\"password\" autocomplete=\"current-password\"></label>\n")
            .Append("<button type=\"submit\" id=\"continue\">Continue</button>\n</form>");
        return form.ToString();
    }

    private static string Page(string title, string? error, string body) =>
        $"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{Html(title)}</title></head><body>\n" +
        $"<p id=\"stand-in\"><strong>{Html(Banner)}</strong></p>\n<h1>{Html(title)}</h1>\n" +
        (error is null ? "" : $"<p id=\"error\" role=\"alert\">{Html(error)}</p>\n") + body + "\n</body></html>\n";

    private static string Html(string value) => HtmlEncoder.Default.Encode(value);
}
