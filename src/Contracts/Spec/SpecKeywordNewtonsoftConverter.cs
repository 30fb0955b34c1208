using Newtonsoft.Json;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Newtonsoft.Json form of every spec keyword value: its keyword as a string (<c>"fashion-mnist"</c>, <c>"4"</c>). The
/// ADO.NET grain storage keeps grain state as Newtonsoft.Json, where these fields were strings before they had types:
/// writing the keyword keeps stored state exactly as it was, so old rows read and new rows read by older silos alike.
/// </summary>
public sealed class SpecKeywordNewtonsoftConverter : JsonConverter
{
    private static readonly Dictionary<Type, (Func<object, string> Write, Func<string, object?> Read, string Field)> Tables = new()
    {
        [typeof(DatasetName)] = Entry(SpecKeywords.Datasets),
        [typeof(HiddenActivation)] = Entry(SpecKeywords.Activations),
        [typeof(LossFunction)] = Entry(SpecKeywords.Losses),
        [typeof(Metric)] = Entry(SpecKeywords.Metrics),
        [typeof(SelectionGoal)] = Entry(SpecKeywords.Goals),
        [typeof(SelectionScope)] = Entry(SpecKeywords.Scopes),
        [typeof(DevicePreference)] = Entry(SpecKeywords.Devices),
        [typeof(SearchAlgorithm)] = Entry(SpecKeywords.SearchAlgorithms),
        [typeof(StoppingAlgorithm)] = Entry(SpecKeywords.StoppingAlgorithms),
        [typeof(FusePolicy)] = (v => ((FusePolicy)v).Keyword, s => FusePolicy.TryParse(s, out var f) ? f : null, "fuse policy"),
    };

    public override bool CanConvert(Type objectType) => Tables.ContainsKey(Nullable.GetUnderlyingType(objectType) ?? objectType);

    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        var type = Nullable.GetUnderlyingType(objectType);
        if (reader.TokenType == JsonToken.Null && type is not null)
        {
            return null;
        }
        var table = Tables[type ?? objectType];
        return reader.TokenType == JsonToken.String && reader.Value is string s && table.Read(s) is { } value
            ? value
            : throw new JsonSerializationException($"expected a {table.Field} keyword, got {reader.TokenType} '{UserInput.Excerpt(reader.Value?.ToString() ?? "")}'");
    }

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }
        writer.WriteValue(Tables[value.GetType()].Write(value));
    }

    private static (Func<object, string>, Func<string, object?>, string) Entry<T>(KeywordTable<T> table) where T : struct, Enum =>
        (v => table.Keyword((T)v), s => table.TryParse(s, out var v) ? v : null, table.Field);
}
