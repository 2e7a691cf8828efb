package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven valid/invalid cases for the secret detector (values are synthetic, shaped like real ones). */
class SecretDetectorTest {

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "AKIAQ3EGRTXK7ZPN5W2M                                     | AWS_ACCESS_KEY | AWS access key id",
                "ASIAQ3EGRTXK7ZPN5W2M                                     | AWS_ACCESS_KEY | AWS temporary key id",
                "AKIAQ3EGRTXK7ZPN5W2                                      |                | AWS id too short",
                "XAKIAQ3EGRTXK7ZPN5W2M                                    |                | AWS id glued",
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY8q2Lk1Pm0A | PASSWORD,HIGH_ENTROPY_SECRET | AWS secret key",
                "~{\"type\": \"service_account\", \"private_key_id\": \"ab12\", \"client_email\": \"x@p.iam.gserviceaccount.com\"}~ | GCP_SERVICE_ACCOUNT | GCP service account JSON",
                "~{\"type\": \"authorized_user\", \"client_id\": \"1\"}~       |                | GCP other credential type",
                "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4 | AZURE_CONNECTION_STRING | Azure storage",
                "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6 | AZURE_CONNECTION_STRING | Azure service bus",
                "AccountKey=<your-key>                                    |                | Azure placeholder",
                "~-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----~ | PRIVATE_KEY | PEM RSA",
                "~-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----~ | PRIVATE_KEY | PEM PKCS8",
                "~-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----~ | | PEM public key",
                "ghp_R8kP2mX9qL4vN7tB3wY6zC1dF5gH0jK2sA4e                 | GITHUB_TOKEN   | GitHub classic token",
                "github_pat_11ABCDEFG0123456789abc_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW | GITHUB_TOKEN | GitHub fine-grained token",
                "ghp_short123                                             |                | GitHub prefix only",
                "glpat-9xK2mP4vL8qR3tN7wZ1c                               | GITLAB_TOKEN   | GitLab PAT",
                "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx | SLACK_TOKEN    | Slack bot token",
                "xoxp-12345-67890-abcdefghij12                            | SLACK_TOKEN    | Slack user token",
                "sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6v  | OPENAI_KEY     | OpenAI project key",
                "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      | OPENAI_KEY     | OpenAI legacy key",
                "sk-this-is-not-a-real-key-just-words                     |                | sk- words",
                "task-1234567890abcdefghij                                |                | sk- inside a word",
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc                         | STRIPE_KEY     | Stripe live secret",
                "rk_live_4eC39HqLyjWDarjtT1zdp7dc                         | STRIPE_KEY     | Stripe restricted key",
                "pk_live_4eC39HqLyjWDarjtT1zdp7dc                         |                | Stripe publishable key is public",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | JWT | JWT",
                "eyJub3RhIjoiand0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijkl |            | base64 JSON without alg/typ",
                "postgres://app:Xk9mP2vLq8@db.internal:5432/orders        | DATABASE_URL   | Postgres URL with password",
                "jdbc:mysql://root:Winter2024!@10.0.0.5:3306/hr           | DATABASE_URL   | JDBC URL",
                "https://deploy:Tr0ub4dor3@nexus.acme.io/repo             | URL_CREDENTIALS | HTTP basic in URL",
                "postgres://user:password@localhost/db                    | DATABASE_URL   | the word password is a real password in production strings",
                "postgres://user:${DB_PASSWORD}@localhost/db              |                | template password",
                "redis://cache:6379/0                                     |                | no credentials",
                "password=Tr0ub4dor&3                                     | PASSWORD       | password=",
                "passwd: h4ppyD4ys                                        | PASSWORD       | passwd:",
                "~\"password\": \"correct-horse-42\"~                     | PASSWORD       | JSON password",
                "PGPASSWORD=s3cr3tValue                                   | PASSWORD       | env var suffix",
                "my password is Sunflower!2024                            | PASSWORD       | prose",
                "password = os.environ['DB_PASSWORD']                     |                | code reference",
                "password: string                                         |                | type annotation",
                "password=${DB_PASSWORD}                                  |                | template",
                "password: ********                                       |                | masked",
                "passwordless login is enabled                            |                | word, not a key",
                "api_key: 9f8Kq2LmX7vB3nZ0pR5tW1yC6dH4jE8s                 | HIGH_ENTROPY_SECRET,PASSWORD | entropy after key",
                "client_token = 3f2a9c7e1b4d8a6f0e5c2b9a7d1e4f8c          | HIGH_ENTROPY_SECRET | hex after token",
                "request_id = 3f2a9c7e-1b4d-8a6f-0e5c-2b9a7d1e4f8c        |                | UUID",
                "token: refresh_token_rotation_enabled                    |                | identifier after token",
                "the key takeaway is latency                              |                | prose",
                "monkey 9f8Kq2LmX7vB3nZ0pR5tW1yC6dH4jE8s                   |                | key inside a word",
                "curl -u admin:Hunter2!x https://jenkins.acme.io          | PASSWORD       | curl -u",
                "machine a.b login bob password hunter2x9                 | PASSWORD       | netrc",
                "AIzaSyA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1v                   | GOOGLE_API_KEY | Google API key",
                "npm_AbCdEf0123456789GhIjKl0123456789MnOp                 | NPM_TOKEN      | npm token",
            })
    void secrets(String text, String kinds, String why) {
        Set<String> expected = kinds == null ? Set.of() : Set.of(kinds.split(","));
        assertEquals(
                expected,
                Detect.kinds(
                        DetectorSettings.builtin(DetectorKind.SECRET, Level.RESTRICTED), text.replace("\\n", "\n")),
                why);
    }
}
