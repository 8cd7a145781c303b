using System.Text.Json.Nodes;
using McpBridge.Connectors.Configuration;
using McpBridge.Connectors.Egress;
using McpBridge.Connectors.Git;
using McpBridge.Connectors.GitHub;
using McpBridge.Connectors.Slack;

namespace McpBridge.Connectors.Tests;

public sealed class ConfigValidationTests
{
    private static readonly JsonObject s_schema = JsonNode.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["url", "name"],
          "properties": {
            "url": { "type": "string", "format": "uri" },
            "name": { "type": "string", "minLength": 1, "maxLength": 10, "pattern": "^[a-z]+$" },
            "mode": { "type": "string", "enum": ["a", "b"], "default": "a" },
            "maxRows": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 100 },
            "ratio": { "type": "number", "minimum": 0 },
            "enabled": { "type": "boolean", "default": false },
            "tags": { "type": "array", "items": { "type": "string", "minLength": 2 } },
            "headers": { "type": "object", "x-secret": true, "additionalProperties": { "type": "string" } },
            "token": { "type": "string", "x-secret": true }
          }
        }
        """)!.AsObject();

    [Fact]
    public void Validate_AppliesDefaults_WhenConfigIsValid()
    {
        var result = ConfigValidation.Validate(s_schema, JsonNode.Parse("""{"url":"https://example.com/mcp","name":"docs"}"""));

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal("a", result.Normalized["mode"]!.GetValue<string>());
        Assert.Equal(100, result.Normalized["maxRows"]!.GetValue<long>());
        Assert.False(result.Normalized["enabled"]!.GetValue<bool>());
        Assert.Equal("docs", result.Normalized["name"]!.GetValue<string>());
        Assert.False(result.Normalized.ContainsKey("ratio"));
    }

    [Fact]
    public void Validate_ReportsRequiredFields_WhenConfigIsNull()
    {
        var result = ConfigValidation.Validate(s_schema, null);

        Assert.False(result.IsValid);
        Assert.Equal(["is required"], result.Errors["url"]);
        Assert.Equal(["is required"], result.Errors["name"]);
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void Validate_TreatsNullPropertyAsMissing()
    {
        var result = ConfigValidation.Validate(s_schema, JsonNode.Parse("""{"url":"https://a.example","name":"x","maxRows":null}"""));

        Assert.True(result.IsValid);
        Assert.Equal(100, result.Normalized["maxRows"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com","name":"x"}""", "url", "must be an absolute http:// or https:// URL")]
    [InlineData("""{"url":"/relative","name":"x"}""", "url", "must be an absolute http:// or https:// URL")]
    [InlineData("""{"url":"https://a.example","name":""}""", "name", "must not be empty")]
    [InlineData("""{"url":"https://a.example","name":"abcdefghijk"}""", "name", "must be at most 10 characters long")]
    [InlineData("""{"url":"https://a.example","name":"ABC"}""", "name", "does not match the expected format (^[a-z]+$)")]
    [InlineData("""{"url":"https://a.example","name":42}""", "name", "must be a string")]
    [InlineData("""{"url":"https://a.example","name":"x","mode":"c"}""", "mode", "must be one of: a, b")]
    [InlineData("""{"url":"https://a.example","name":"x","maxRows":0}""", "maxRows", "must be an integer between 1 and 1000")]
    [InlineData("""{"url":"https://a.example","name":"x","maxRows":1001}""", "maxRows", "must be an integer between 1 and 1000")]
    [InlineData("""{"url":"https://a.example","name":"x","maxRows":2.5}""", "maxRows", "must be an integer between 1 and 1000")]
    [InlineData("""{"url":"https://a.example","name":"x","maxRows":"10"}""", "maxRows", "must be an integer between 1 and 1000")]
    [InlineData("""{"url":"https://a.example","name":"x","ratio":-1}""", "ratio", "must be a number of at least 0")]
    [InlineData("""{"url":"https://a.example","name":"x","enabled":"yes"}""", "enabled", "must be true or false")]
    [InlineData("""{"url":"https://a.example","name":"x","tags":"a"}""", "tags", "must be a list")]
    [InlineData("""{"url":"https://a.example","name":"x","tags":["ok","b"]}""", "tags[1]", "must be at least 2 characters long")]
    [InlineData("""{"url":"https://a.example","name":"x","headers":{"Authorization":5}}""", "headers.Authorization", "must be a string")]
    [InlineData("""{"url":"https://a.example","name":"x","headers":"Bearer x"}""", "headers", "must be an object")]
    public void Validate_ReportsFieldError_WhenValueIsInvalid(string config, string path, string message)
    {
        var result = ConfigValidation.Validate(s_schema, JsonNode.Parse(config));

        Assert.False(result.IsValid);
        Assert.Equal([path], result.Errors.Keys);
        Assert.Equal([message], result.Errors[path]);
    }

    [Fact]
    public void Validate_ShowsThePatternInWords_InsteadOfTheRegex_WhenTheSchemaDescribesIt()
    {
        var schema = ConfigSchemaBuilder.Object(
            new JsonObject
            {
                ["code"] = ConfigSchemaBuilder.String("Code", "A code.", pattern: "^[A-Z]{3}$", patternDescription: "must be three capital letters"),
            });

        var invalid = ConfigValidation.Validate(schema, new JsonObject { ["code"] = "abc" });
        var valid = ConfigValidation.Validate(schema, new JsonObject { ["code"] = "ABC" });

        Assert.Equal(["does not match the expected format: must be three capital letters"], invalid.Errors["code"]);
        Assert.True(valid.IsValid);
        Assert.Equal("must be three capital letters", schema["properties"]!["code"]!["x-pattern-description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("github", "token", "ghp_a b")]
    [InlineData("github", "owner", "-bad-")]
    [InlineData("slack", "apiBaseUrl", "http://slack.example.com/api")]
    [InlineData("git", "url", "http://example.com/repo.git")]
    [InlineData("git", "branch", "-x")]
    public void ConnectorSchemas_DescribeTheirPatternsInWords_SoNoErrorShowsARegex(string connectorId, string field, string value)
    {
        var egress = new EgressGuard(new EgressOptions());
        IConnector connector = connectorId switch
        {
            "github" => new GitHubConnector(egress),
            "slack" => new SlackConnector(egress),
            _ => new GitConnector(egress),
        };
        var config = new JsonObject { [field] = value };

        var result = ConfigValidation.Validate(connector.ConfigSchema, config);

        var error = Assert.Single(result.Errors[field], e => e.StartsWith("does not match the expected format", StringComparison.Ordinal));
        Assert.StartsWith("does not match the expected format: must ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("^", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsUnknownProperties_NamingTheKnownOnes()
    {
        var result = ConfigValidation.Validate(s_schema, JsonNode.Parse("""{"url":"https://a.example","name":"x","root":"/etc"}"""));

        Assert.False(result.IsValid);
        var message = Assert.Single(result.Errors["root"]);
        Assert.StartsWith("is not a known setting (known: url, name, mode", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsConfigThatIsNotAnObject()
    {
        var result = ConfigValidation.Validate(s_schema, JsonNode.Parse("[1,2]"));

        Assert.False(result.IsValid);
        Assert.Equal(["must be an object"], result.Errors[string.Empty]);
    }

    [Fact]
    public void Validate_AcceptsWholeNumberWrittenAsDecimal_AndStoresItAsInteger()
    {
        var result = ConfigValidation.Validate(s_schema, JsonNode.Parse("""{"url":"https://a.example","name":"x","maxRows":5.0}"""));

        Assert.True(result.IsValid);
        Assert.Equal("5", result.Normalized["maxRows"]!.ToJsonString());
    }

    [Fact]
    public void Validate_AcceptsValuesPutInByCode()
    {
        var config = new JsonObject { ["url"] = "http://a.example", ["name"] = "x", ["maxRows"] = 7, ["ratio"] = 0.5, ["tags"] = new JsonArray("ab", "cd") };

        var result = ConfigValidation.Validate(s_schema, config);

        Assert.True(result.IsValid, string.Join("; ", result.Describe()));
        Assert.Equal(7, result.Normalized["maxRows"]!.GetValue<long>());
        Assert.Equal(2, result.Normalized["tags"]!.AsArray().Count);
    }

    [Fact]
    public void Validate_DoesNotChangeTheGivenConfig()
    {
        var config = JsonNode.Parse("""{"url":"https://a.example","name":"x"}""")!.AsObject();

        ConfigValidation.Validate(s_schema, config);

        Assert.False(config.ContainsKey("maxRows"));
    }

    [Fact]
    public void SecretFields_ReturnsPropertiesMarkedSecret()
    {
        Assert.Equal(["headers", "token"], ConfigValidation.SecretFields(s_schema));
    }

    [Fact]
    public void Split_SeparatesSecretAndPlainValues()
    {
        var config = JsonNode.Parse("""{"url":"https://a.example","token":"s3cret","headers":{"Authorization":"Bearer x"},"name":"n"}""")!.AsObject();

        var plain = ConfigValidation.Split(config, s_schema, out var secrets);

        Assert.Equal("""{"url":"https://a.example","name":"n"}""", plain.ToJsonString());
        Assert.Equal("""{"token":"s3cret","headers":{"Authorization":"Bearer x"}}""", secrets.ToJsonString());
    }

    [Fact]
    public void Mask_ReplacesEverySecretValue()
    {
        var config = JsonNode.Parse("""{"url":"https://a.example","token":"s3cret","headers":{"Authorization":"Bearer x"}}""")!.AsObject();

        var masked = ConfigValidation.Mask(config, s_schema);

        Assert.Equal("""{"url":"https://a.example","token":"********","headers":"********"}""", masked.ToJsonString());
        Assert.DoesNotContain("s3cret", masked.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("s3cret", config["token"]!.GetValue<string>());
    }

    [Fact]
    public void Describe_JoinsPathAndMessage()
    {
        var result = ConfigValidation.Validate(s_schema, JsonNode.Parse("""{"name":"x","maxRows":0}"""));

        Assert.Contains("url: is required", result.Describe());
        Assert.Contains("maxRows: must be an integer between 1 and 1000", result.Describe());
    }
}
