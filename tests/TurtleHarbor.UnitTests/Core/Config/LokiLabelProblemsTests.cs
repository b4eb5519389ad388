namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

public sealed class LokiLabelProblemsTests
{
    [Fact]
    public void Label_names_Loki_refuses_and_labels_th_sets_are_reported_at_their_key()
    {
        Assert.Equal(
            [
                "5:7: '9lives' is not a label name Loki accepts: use letters, digits and '_', not starting with a digit or '__'",
                "6:7: 'my-label' is not a label name Loki accepts: use letters, digits and '_', not starting with a digit or '__'",
                "7:7: '__name__' is not a label name Loki accepts: use letters, digits and '_', not starting with a digit or '__'",
                "8:7: label 'script' is set by th itself; choose another name",
            ],
            Problems("""
                settings:
                  loki:
                    url: http://localhost:3100
                    labels:
                      9lives: a
                      my-label: b
                      __name__: c
                      script: d
                      good_Label_2: e
                """));
    }

    [Fact]
    public void A_url_that_is_not_http_is_reported_at_the_value()
    {
        Assert.Equal(
            "3:10: 'url' must be an http:// or https:// URL, found 'ftp://logs.example.com'",
            Problem("""
                settings:
                  loki:
                    url: ftp://logs.example.com
                """));
    }

    [Fact]
    public void Good_labels_including_host_and_job_are_accepted()
    {
        var config = TurtleHarbor.Core.Config.ConfigLoader.Parse(
            """
            settings:
              loki:
                url: https://logs.example.com
                labels: { host: my-mac, job: mine, _x: "1" }
            """,
            Path);

        Assert.Equal(["_x", "host", "job"], config.Settings.Loki!.Labels.Keys);
    }
}
