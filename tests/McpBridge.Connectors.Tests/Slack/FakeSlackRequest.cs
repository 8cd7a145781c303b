namespace McpBridge.Connectors.Tests.Slack;

/// <summary>One Web API call that reached <see cref="FakeSlack"/>.</summary>
/// <param name="Method">The method, e.g. <c>conversations.history</c>.</param>
/// <param name="ContentType">The request's media type, e.g. <c>application/x-www-form-urlencoded</c>.</param>
/// <param name="Authorization">The Authorization header as sent.</param>
/// <param name="Arguments">The form fields or JSON properties (JSON booleans and numbers as their JSON text).</param>
internal sealed record FakeSlackRequest(string Method, string ContentType, string Authorization, IReadOnlyDictionary<string, string> Arguments);
