"""The Qt Quick layer: the only package that imports QtQml and QtQuick."""
