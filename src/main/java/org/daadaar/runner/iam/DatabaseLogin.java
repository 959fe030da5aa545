package org.daadaar.runner.iam;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.daadaar.runner.RunnerException;

/**
 * The database users a build logs in as by RDS IAM token (--iam-auth), on one database: RDS
 * checks {@code rds-db:connect} on
 * {@code arn:PARTITION:rds-db:REGION:ACCOUNT:dbuser:DBI_RESOURCE_ID/USER}
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html).
 * The id is the instance's DbiResourceId (db-...), an Aurora cluster's resource id (cluster-...)
 * or an RDS Proxy's (prx-...), never its name; each user is named, never a wildcard.
 */
public record DatabaseLogin(String resourceId, List<String> users) {
    private static final Pattern RESOURCE_ID = Pattern.compile("(db|cluster|prx)-[A-Z0-9]{4,64}");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.$-]{0,62}");

    public DatabaseLogin {
        users = List.copyOf(users);
    }

    /** @return null when neither is given; @throws RunnerException bad input when only one is, or either is malformed */
    public static DatabaseLogin of(String resourceId, List<String> users) {
        boolean noId = resourceId == null || resourceId.isBlank();
        if (noId && users.isEmpty()) {
            return null;
        }
        if (noId || users.isEmpty()) {
            throw RunnerException.badInput("--iam-db-resource-id and --iam-db-user go together: the grant names"
                    + " the database by its resource id and each user the build logs in as");
        }
        String id = resourceId.strip();
        if (!RESOURCE_ID.matcher(id).matches()) {
            throw RunnerException.badInput("--iam-db-resource-id must be the database's resource id, not its name:"
                    + " db-... (aws rds describe-db-instances --query 'DBInstances[].DbiResourceId'), cluster-..."
                    + " for an Aurora cluster, prx-... for an RDS Proxy (was '" + resourceId + "')");
        }
        for (String user : users) {
            if (user.contains("*")) {
                throw RunnerException.badInput("--iam-db-user must name one database user, not a pattern (was '" + user
                        + "'): a wildcard would let the build log in as any user, the master user included");
            }
            if (!USER.matcher(user).matches()) {
                throw RunnerException.badInput(
                        "--iam-db-user must be a database user name such as app_migrator" + " (was '" + user + "')");
            }
        }
        return new DatabaseLogin(id, users);
    }

    Map<String, Object> statement(String partition, String region, String account) {
        List<String> arns = users.stream()
                .map(user ->
                        "arn:" + partition + ":rds-db:" + region + ":" + account + ":dbuser:" + resourceId + "/" + user)
                .toList();
        return BuildRolePolicy.statement(
                "DatabaseIamLogin", List.of("rds-db:connect"), BuildRolePolicy.oneOrList(arns), null);
    }
}
