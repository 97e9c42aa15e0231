# The az contract suite's client-side workarounds (listed in CLIENT_WORKAROUNDS in ../az-harness.ts), loaded as
# sitecustomize through PYTHONPATH only in the az processes the harness starts. The emulator is not involved.
import importlib
import importlib.util

try:
    from azure.cli.core.profiles import _shared

    # 1. Debian's azure-cli 2.45 defaults its 'latest' profile to compute api-version 2022-11-01, but the packaged
    #    azure-mgmt-compute has no v2022_11_01 module: `az image create`, `az vmss ...`, `az vm ...` fail in the
    #    client ("API version 2022-11-01 does not have operation group 'virtual_machines'"). Use 2022-08-01, the
    #    newest compute version the package ships.
    compute = _shared.AZURE_API_PROFILES['latest'][_shared.ResourceType.MGMT_COMPUTE]
    if importlib.util.find_spec('azure.mgmt.compute.v2022_11_01') is None and compute.profile.get(None) == '2022-11-01':
        compute.profile[None] = '2022-08-01'
        compute.profile['virtual_machine_scale_sets'] = '2022-08-01'

    # 2. `az role assignment list` reads `definitions_client.config.subscription_id`, but the packaged
    #    azure-mgmt-authorization names that attribute `_config`: every form of the command fails with
    #    "AttributeError: 'RoleDefinitionsOperations' object has no attribute 'config'". Alias it.
    authz = _shared.AZURE_API_PROFILES['latest'][_shared.ResourceType.MGMT_AUTHORIZATION]
    version = authz.profile.get('role_definitions') or authz.profile.get(None)
    module = importlib.import_module('azure.mgmt.authorization.v{}.operations'.format(version.replace('-', '_')))
    operations = getattr(module, 'RoleDefinitionsOperations')
    if not hasattr(operations, 'config'):
        operations.config = property(lambda self: self._config)
except ImportError:
    pass
