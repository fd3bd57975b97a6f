// PlanBuild/Version: the version of plansite, printed by `plansite --version`.

/// The version of plansite.
public let plansiteVersion = "0.3.0"
