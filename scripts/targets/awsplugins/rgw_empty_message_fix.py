# awscli plugin: Ceph RGW (Pacific) answers errors with an empty <Message></Message>, which makes
# awscli (v1 and v2) crash in its error formatter ("argument of type 'NoneType' is not iterable")
# and hides the error code. This replaces a missing Message by '' before awscli looks at it.
# Enable it in an AWS_CONFIG_FILE:
#   [plugins]
#   cli_legacy_plugin_path = <repo>/scripts/targets/awsplugins
#   rgwfix = rgw_empty_message_fix


def _fix(parsed, **kwargs):
    if isinstance(parsed, dict) and isinstance(parsed.get('Error'), dict) \
            and parsed['Error'].get('Message') is None:
        parsed['Error']['Message'] = ''


def awscli_initialize(event_hooks):
    event_hooks.register_first('after-call.s3', _fix)
