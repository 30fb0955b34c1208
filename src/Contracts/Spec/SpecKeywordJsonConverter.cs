using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Writes every spec keyword value to JSON as its keyword (<c>"fashion-mnist"</c>, <c>"mean_last_k"</c>, <c>"4"</c>) and
/// reads it back, so results files read as the spec did. Register it ahead of any general enum converter.
/// </summary>
public sealed class SpecKeywordJsonConverter : JsonConverterFactory
{
    private static readonly Dictionary<Type, JsonConverter> Converters = new()
    {
        [typeof(DatasetName)] = new Table<DatasetName>(SpecKeywords.Datasets),
        [typeof(HiddenActivation)] = new Table<HiddenActivation>(SpecKeywords.Activations),
        [typeof(LossFunction)] = new Table<LossFunction>(SpecKeywords.Losses),
        [typeof(Metric)] = new Table<Metric>(SpecKeywords.Metrics),
        [typeof(SelectionGoal)] = new Table<SelectionGoal>(SpecKeywords.Goals),
        [typeof(SelectionScope)] = new Table<SelectionScope>(SpecKeywords.Scopes),
        [typeof(DevicePreference)] = new Table<DevicePreference>(SpecKeywords.Devices),
        [typeof(SearchAlgorithm)] = new Table<SearchAlgorithm>(SpecKeywords.SearchAlgorithms),
        [typeof(StoppingAlgorithm)] = new Table<StoppingAlgorithm>(SpecKeywords.StoppingAlgorithms),
        [typeof(FusePolicy)] = new Fuse(),
    };

    public override bool CanConvert(Type typeToConvert) => Converters.ContainsKey(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) => Converters[typeToConvert];

    private static string ReadString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"expected a {field} keyword as a string, got {reader.TokenType}");

    private sealed class Table<T>(KeywordTable<T> table) : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            table.TryParse(ReadString(ref reader, table.Field), out var value)
                ? value
                : throw new JsonException($"'{UserInput.Excerpt(reader.GetString() ?? "")}' is not a {table.Field}; expected one of {string.Join(", ", table.Keywords)}");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(table.Keyword(value));
    }

    private sealed class Fuse : JsonConverter<FusePolicy>
    {
        public override FusePolicy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = ReadString(ref reader, "fuse");
            return FusePolicy.TryParse(text, out var policy)
                ? policy
                : throw new JsonException($"'{UserInput.Excerpt(text)}' is not a fuse policy; expected auto, off or a group size >= 1");
        }

        public override void Write(Utf8JsonWriter writer, FusePolicy value, JsonSerializerOptions options) => writer.WriteStringValue(value.Keyword);
    }
}
